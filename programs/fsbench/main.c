/*
 * fsbench: storage figures through the whole stack, for `make bench` and
 * beside them Linux's in the same QEMU (docs/storage.md, "Figures").
 * The workload uses POSIX calls alone (open, read, write, lseek, fsync,
 * close, unlink, mkdir, rmdir), so that the same source runs on Cairn
 * and, built with gcc -static, as Linux's /init; fsbench.h names what
 * each system adds (the clock, dropping the cache, the report's form).
 *
 * In order, in <root>/fsbench on the disk:
 *   seq_write		a 16 MiB file written in 64 KiB writes, then fsync
 *   seq_read_cold	read back in 64 KiB reads after the cache is dropped
 *   seq_read_cached	read again, from the cache
 *   rand_read_cached	256 4 KiB reads at random 4 KiB-aligned offsets
 *   rand_read_cold	the same after the cache is dropped
 *   seq_read_cached_128k  a 128 KiB file, small enough for any cache,
 *			read 8 times after a first read (the cached path with
 *			no cache large: Linux's figure differs from its 16 MiB
 *			one, Cairn's hardly)
 *   seq_write_direct	dd oflag=direct: the 16 MiB past the page cache
 *   seq_read_direct	dd iflag=direct
 *   small_create	1,000 files created, 100 bytes written, closed
 *   small_unlink	the same 1,000 removed
 * The sequential figures are per KiB, the others per operation.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsbench.h"

#define FILE_BYTES   (16u << 20)
#define CHUNK	     (64u << 10)
#define BLOCK	     4096u
#define RANDOM_READS 256
#define SMALL_FILES  1000
#define SMALL_BYTES  100
#define WARM_CHUNKS  2 /* the 128 KiB file */
#define WARM_READS   8

/* Aligned for O_DIRECT, which wants buffers on block boundaries. */
static unsigned char buf[CHUNK] __attribute__((aligned(BLOCK)));
static char big[128], warm[128];
static int failures;

/* A figure could not be made: say which and why, and count it. */
static void
fail(const char *name, const char *why)
{
	fsbench_skip(name, why);
	failures++;
}

/* Fill the buffer; write_big numbers each chunk in its first byte. */
static void
fill(void)
{
	memset(buf, 'w', CHUNK);
}

/*
 * Write chunks chunks through fd (opened for writing, empty) and fsync.
 * Returns the ticks, or 0 on an error.
 */
static uint64_t
write_chunks(int fd, unsigned chunks)
{
	uint64_t t0 = fsbench_clock();

	for (unsigned i = 0; i < chunks; i++) {
		buf[0] = (unsigned char)('a' + i % 26);
		if (write(fd, buf, CHUNK) != (long)CHUNK) {
			return 0;
		}
	}
	if (fsync(fd) != 0) {
		return 0;
	}
	return fsbench_clock() - t0;
}

/*
 * Read chunks chunks through fd from the start, checking each chunk's
 * first byte.  Returns the ticks, or 0 on an error.
 */
static uint64_t
read_chunks(int fd, unsigned chunks)
{
	uint64_t t0 = fsbench_clock();

	for (unsigned i = 0; i < chunks; i++) {
		if (read(fd, buf, CHUNK) != (long)CHUNK ||
		    buf[0] != 'a' + i % 26) {
			return 0;
		}
	}
	return fsbench_clock() - t0;
}

/* Time writing or reading the big file through fd (< 0: not open). */
static void
sequential(const char *name, int fd, int writing)
{
	uint64_t t = 0;

	if (fd < 0) {
		fail(name, "cannot open the file");
		return;
	}
	if (writing) {
		fill();
		t = write_chunks(fd, FILE_BYTES / CHUNK);
	} else {
		t = read_chunks(fd, FILE_BYTES / CHUNK);
	}
	close(fd);
	if (t == 0) {
		fail(name, writing ? "write or fsync failed" : "read failed");
		return;
	}
	fsbench_report(name, t, FILE_BYTES / 1024, "KiB");
}

/* RANDOM_READS 4 KiB reads at offsets from a fixed seed. */
static void
random_reads(const char *name)
{
	uint32_t x = 12345;
	uint64_t t0, t;
	int fd = open(big, O_RDONLY);

	if (fd < 0) {
		fail(name, "cannot open the file");
		return;
	}
	t0 = fsbench_clock();
	for (int i = 0; i < RANDOM_READS; i++) {
		x = x * 1103515245u + 12345u;
		long at = (long)((x >> 8) % (FILE_BYTES / BLOCK)) * BLOCK;
		if (lseek(fd, at, SEEK_SET) != at ||
		    read(fd, buf, BLOCK) != (long)BLOCK) {
			close(fd);
			fail(name, "seek or read failed");
			return;
		}
	}
	t = fsbench_clock() - t0;
	close(fd);
	fsbench_report(name, t, RANDOM_READS, "op");
}

/*
 * The cached path itself: a file that fits in any cache, read once to
 * warm it, then WARM_READS times timed.
 */
static void
warm_reads(const char *name)
{
	uint64_t t = 0;
	int fd = open(warm, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	fill();
	if (fd < 0 || write_chunks(fd, WARM_CHUNKS) == 0) {
		if (fd >= 0) {
			close(fd);
		}
		fail(name, "cannot write the file");
		return;
	}
	close(fd);
	for (int i = 0; i <= WARM_READS; i++) {
		fd = open(warm, O_RDONLY);
		uint64_t dt = fd < 0 ? 0 : read_chunks(fd, WARM_CHUNKS);
		close(fd);
		if (dt == 0) {
			fail(name, "read failed");
			return;
		}
		t += i > 0 ? dt : 0;
	}
	unlink(warm);
	fsbench_report(name, t, WARM_READS * WARM_CHUNKS * (CHUNK / 1024),
		       "KiB");
}

/* The path of small file i in dir. */
static void
small_name(char *path, size_t n, const char *dir, int i)
{
	snprintf(path, n, "%s/f%04d", dir, i);
}

/* Create SMALL_FILES files in dir, then remove them, timing each pass. */
static void
small_files(const char *dir)
{
	char path[160];
	uint64_t t0, t;

	memset(buf, 's', SMALL_BYTES);
	t0 = fsbench_clock();
	for (int i = 0; i < SMALL_FILES; i++) {
		small_name(path, sizeof(path), dir, i);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, SMALL_BYTES) != SMALL_BYTES) {
			fail("small_create", "create or write failed");
			return;
		}
		close(fd);
	}
	t = fsbench_clock() - t0;
	fsbench_report("small_create", t, SMALL_FILES, "op");
	t0 = fsbench_clock();
	for (int i = 0; i < SMALL_FILES; i++) {
		small_name(path, sizeof(path), dir, i);
		if (unlink(path) != 0) {
			fail("small_unlink", "unlink failed");
			return;
		}
	}
	t = fsbench_clock() - t0;
	fsbench_report("small_unlink", t, SMALL_FILES, "op");
}

/* Drop the cache before a cold figure; a failure fails that figure. */
static int
cold(const char *name)
{
	if (fsbench_dropcache() != 0) {
		fail(name, "cannot drop the cache");
		return -1;
	}
	return 0;
}

/* The figures through the cache: write, cold and cached reads. */
static void
cached_figures(void)
{
	int wflags = O_WRONLY | O_CREAT | O_TRUNC;

	sequential("seq_write", open(big, wflags, 0644), 1);
	if (cold("seq_read_cold") == 0) {
		sequential("seq_read_cold", open(big, O_RDONLY), 0);
	}
	sequential("seq_read_cached", open(big, O_RDONLY), 0);
	random_reads("rand_read_cached");
	if (cold("rand_read_cold") == 0) {
		random_reads("rand_read_cold");
	}
	warm_reads("seq_read_cached_128k");
}

/* dd's figures without the cache, where the system has O_DIRECT. */
static void
direct_figures(void)
{
	int fd = fsbench_open_direct(big, O_WRONLY | O_CREAT | O_TRUNC);

	if (fd < 0) {
		fsbench_skip("seq_write_direct", "no O_DIRECT here");
		fsbench_skip("seq_read_direct", "no O_DIRECT here");
		return;
	}
	sequential("seq_write_direct", fd, 1);
	sequential("seq_read_direct", fsbench_open_direct(big, O_RDONLY), 0);
}

int
main(int argc, char **argv)
{
	char dir[96], small[128];
	struct stat st;
	const char *root = fsbench_setup(argc, argv);

	if (root == NULL) {
		return fsbench_done(1);
	}
	snprintf(dir, sizeof(dir), "%s/fsbench", root);
	snprintf(big, sizeof(big), "%s/big", dir);
	snprintf(warm, sizeof(warm), "%s/warm", dir);
	snprintf(small, sizeof(small), "%s/small", dir);
	if (mkdir(dir, 0755) != 0 && stat(dir, &st) != 0) {
		printf("fsbench: cannot make %s\n", dir);
		return fsbench_done(1);
	}
	cached_figures();
	direct_figures();
	unlink(big);
	if (mkdir(small, 0755) != 0) {
		fail("small_create", "cannot make the folder");
	} else {
		small_files(small);
		rmdir(small);
	}
	rmdir(dir);
	return fsbench_done(failures != 0);
}
