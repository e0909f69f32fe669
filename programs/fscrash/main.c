/*
 * fscrash: writes files on /disk and says which of them are durable, for
 * the crash tests (tests/system/storage_crash.py, docs/storage.md,
 * "Crashes").  Each round i rewrites the file /disk/crash/f<i % 8> with
 * bytes that follow from i alone (fscrash_fill), then fsyncs it:
 *
 *	fscrash: begin <i> f<k>
 *	fscrash: synced <i> f<k> <size>
 *
 * A file whose last line is `synced` must read back as round i made it,
 * whatever happened after: QEMU killed, the fs service or the driver
 * killed.  `fscrash verify` reads every file back and checks it
 * against the last round that wrote it, for the kills of services (the
 * machine runs on, so every write the program saw finish is there).
 *
 *	fscrash write <first> <n>	write rounds first..first+n-1
 *	fscrash verify <first> <n>	check what those rounds left
 */
#include <cairn/manifest.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

CAIRN_MANIFEST("name fscrash\n"
	       "description writes and fsyncs files, for the crash tests\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs serial\n"
	       "needs fs\n");

#define FILES	   8
#define FILE_BYTES 24576
#define DIR	   "/disk/crash"

static unsigned char buf[FILE_BYTES];

/* Round i's size: 1..24576 bytes, crossing block boundaries. */
static size_t
fscrash_size(unsigned long i)
{
	return 1 + (size_t)((i * 7919ul + 4093ul) % FILE_BYTES);
}

/* Round i's bytes: an xorshift stream seeded by i (the host has its twin). */
static void
fscrash_fill(unsigned long i, unsigned char *p, size_t n)
{
	uint32_t x = (uint32_t)(i * 2654435761ul) ^ 0x9e3779b9u;

	for (size_t j = 0; j < n; j++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[j] = (unsigned char)x;
	}
}

static void
name_of(unsigned long i, char *path, size_t n)
{
	snprintf(path, n, DIR "/f%lu", i % FILES);
}

/* Write round i whole, then fsync; returns 0 or an errno. */
static int
round_write(unsigned long i)
{
	char path[64];
	size_t n = fscrash_size(i);

	name_of(i, path, sizeof(path));
	fscrash_fill(i, buf, n);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		return errno;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(fd, buf + done, n - done);
		if (w <= 0) {
			int e = w < 0 ? errno : EIO;
			close(fd);
			return e;
		}
		done += (size_t)w;
	}
	int e = fsync(fd) < 0 ? errno : 0;
	close(fd);
	return e;
}

/* Round i until its fsync holds: an EIO from fsync says the fs service
 * restarted with some of it unwritten, so it is written again. */
static int
round_until_synced(unsigned long i)
{
	int e = round_write(i);

	for (int again = 0; e == EIO && again < 10; again++) {
		printf("fscrash: redo %lu (fsync: %s)\n", i, strerror(e));
		e = round_write(i);
	}
	return e;
}

static int
do_write(unsigned long first, unsigned long rounds)
{
	if (mkdir(DIR, 0755) < 0 && errno != EEXIST) {
		printf("fscrash: mkdir " DIR ": %s\n", strerror(errno));
		return 1;
	}
	for (unsigned long i = first; i < first + rounds; i++) {
		printf("fscrash: begin %lu f%lu\n", i, i % FILES);
		int e = round_until_synced(i);
		if (e != 0) {
			printf("fscrash: round %lu: %s\n", i, strerror(e));
			return 1;
		}
		printf("fscrash: synced %lu f%lu %lu\n", i, i % FILES,
		       (unsigned long)fscrash_size(i));
	}
	printf("fscrash: wrote %lu rounds\n", rounds);
	return 0;
}

/* Does the file round i wrote read back as round i made it? */
static int
round_check(unsigned long i)
{
	static unsigned char got[FILE_BYTES];
	char path[64];
	size_t n = fscrash_size(i);
	struct stat st;

	name_of(i, path, sizeof(path));
	fscrash_fill(i, buf, n);
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0 || (size_t)st.st_size != n) {
		printf("fscrash: %s: %s\n", path,
		       fd < 0 ? strerror(errno) : "wrong size");
		if (fd >= 0) {
			close(fd);
		}
		return 1;
	}
	size_t done = 0;
	while (done < n) {
		ssize_t r = read(fd, got + done, n - done);
		if (r <= 0) {
			break;
		}
		done += (size_t)r;
	}
	close(fd);
	if (done != n || memcmp(got, buf, n) != 0) {
		printf("fscrash: %s: not what round %lu wrote\n", path, i);
		return 1;
	}
	return 0;
}

static int
do_verify(unsigned long first, unsigned long rounds)
{
	int bad = 0;
	unsigned long end = first + rounds;

	for (unsigned long i = end > first + FILES ? end - FILES : first;
	     i < end; i++) {
		bad |= round_check(i);
	}
	printf("fscrash: verify %lu rounds: %s\n", rounds,
	       bad ? "FAILED" : "every file intact");
	return bad;
}

int
main(int argc, char **argv)
{
	if (argc != 4) {
		printf("usage: fscrash write|verify <first> <rounds>\n");
		return 2;
	}
	unsigned long first = strtoul(argv[2], NULL, 10);
	unsigned long rounds = strtoul(argv[3], NULL, 10);
	if (strcmp(argv[1], "write") == 0) {
		return do_write(first, rounds);
	}
	if (strcmp(argv[1], "verify") == 0) {
		return do_verify(first, rounds);
	}
	printf("usage: fscrash write|verify <first> <rounds>\n");
	return 2;
}
