/*
 * fsbench's hooks for Linux, where it is the /init of
 * ../shared/bench-linux/run.sh: tools/bench-linux-storage.sh builds it with
 * gcc -static beside programs/fsbench/main.c.  (It lives here, not in
 * programs/fsbench, because it is Linux code: Cairn's build and analysis
 * take every C file under programs/.)  As process 1 it
 * mounts /proc and devtmpfs, loads the kernel modules run.sh put in
 * /modules (virtio; Debian's cloud kernel has ext4, which also mounts
 * ext2, built in), mounts the virtio-blk disk /dev/vda at /mnt as ext2,
 * and at the end times the real dd (busybox's, when the initramfs has
 * /bin/busybox), unmounts the disk and powers off.  Figures are printed
 * as run.sh reads them: RESULT fs_<name> <ticks per unit> <unit>
 * tsc=<ticks>.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fsbench.h"
#include "init_common.h"

#define DISK	"/dev/vda"
#define ROOT	"/mnt"
#define BUSYBOX "/bin/busybox"
#define DD_FILE ROOT "/dd"

static const char *unit = "ticks";

/* Something the run needs failed: say so where run.sh looks, and stop. */
static const char *
setup_failed(const char *what)
{
	printf("LBENCH_ERROR %s: %s\n", what, strerror(errno));
	return NULL;
}

/* The disk's node appears once virtio-blk has probed it: wait for it. */
static int
wait_disk(void)
{
	struct stat st;

	for (int i = 0; i < 1000; i++) {
		if (stat(DISK, &st) == 0) {
			return 0;
		}
		usleep(10000);
	}
	errno = ENODEV;
	return -1;
}

const char *
fsbench_setup(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (getenv("FSBENCH_UNIT") != NULL) {
		unit = getenv("FSBENCH_UNIT");
	}
	if (linux_init_start() != 0) {
		return NULL;
	}
	if (wait_disk() != 0) {
		return setup_failed("no " DISK);
	}
	mkdir(ROOT, 0755);
	if (mount(DISK, ROOT, "ext2", 0, NULL) != 0) {
		return setup_failed("mount " DISK " as ext2");
	}
	return ROOT;
}

uint64_t
fsbench_clock(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
	return (uint64_t)hi << 32 | lo;
}

int
fsbench_dropcache(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd < 0) {
		return -1;
	}
	if (write(fd, "3\n", 2) != 2) {
		close(fd);
		return -1;
	}
	return close(fd);
}

int
fsbench_open_direct(const char *path, int flags)
{
	return open(path, flags | O_DIRECT, 0644);
}

void
fsbench_report(const char *name, uint64_t ticks, uint64_t count,
	       const char *per)
{
	uint64_t tenths = (ticks * 10 + count / 2) / count;

	printf("RESULT fs_%s %lu.%lu %s/%s tsc=%lu\n", name,
	       (unsigned long)(tenths / 10), (unsigned long)(tenths % 10), unit,
	       per, (unsigned long)ticks);
}

void
fsbench_skip(const char *name, const char *why)
{
	printf("SKIP fs_%s %s\n", name, why);
}

/*
 * Run busybox with args (stderr, where dd prints its own figures,
 * silenced) and wait for it.  Returns the ticks from fork to the end of
 * waitpid, or 0 when it failed.
 */
static uint64_t
busybox(const char *const args[])
{
	int status;
	uint64_t t0 = fsbench_clock();
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 2);
		execv(BUSYBOX, (char *const *)args);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		return 0;
	}
	return fsbench_clock() - t0;
}

/* One dd run, reported per KiB of the 16 MiB (kib 0: per run). */
static void
dd(const char *name, const char *const args[], int cold, int kib)
{
	uint64_t t;

	if (cold && fsbench_dropcache() != 0) {
		fsbench_skip(name, "cannot drop the cache");
		return;
	}
	t = busybox(args);
	if (t == 0) {
		fsbench_skip(name, "busybox dd failed");
		return;
	}
	fsbench_report(name, t, kib ? 16384 : 1, kib ? "KiB" : "op");
}

/*
 * The dd figures with the real dd: 16 MiB in 64 KiB blocks,
 * written (conv=fsync) and read cold and cached through the page cache,
 * and both past it (O_DIRECT); each includes starting dd (dd_start: the
 * same process copying nothing).
 */
/* NOLINTBEGIN(bugprone-suspicious-missing-comma): "of=" DD_FILE is one
 * argument, joined on purpose */
static void
dd_figures(void)
{
	const char *const start[] = {"dd", "if=/dev/zero", "of=/dev/null",
				     "count=0", NULL};
	const char *const wr[] = {"dd",	    "if=/dev/zero", "of=" DD_FILE,
				  "bs=64k", "count=256",    "conv=fsync",
				  NULL};
	const char *const rd[] = {"dd", "if=" DD_FILE, "of=/dev/null", "bs=64k",
				  NULL};
	const char *const wr_direct[] = {
	    "dd",	 "if=/dev/zero", "of=" DD_FILE,	 "bs=64k",
	    "count=256", "conv=fsync",	 "oflag=direct", NULL};
	const char *const rd_direct[] = {"dd",		 "if=" DD_FILE,
					 "of=/dev/null", "bs=64k",
					 "iflag=direct", NULL};
	struct stat st;

	if (stat(BUSYBOX, &st) != 0) {
		fsbench_skip("dd", "no " BUSYBOX " in the initramfs");
		return;
	}
	dd("dd_start", start, 0, 0);
	dd("dd_write", wr, 0, 1);
	dd("dd_read_cold", rd, 1, 1);
	dd("dd_read_cached", rd, 0, 1);
	dd("dd_write_direct", wr_direct, 0, 1);
	dd("dd_read_direct", rd_direct, 0, 1);
	unlink(DD_FILE);
}
/* NOLINTEND(bugprone-suspicious-missing-comma) */

int
fsbench_done(int status)
{
	dd_figures();
	sync();
	umount(ROOT);
	printf(status == 0 ? "LBENCH_DONE\n" : "LBENCH_ERROR fsbench failed\n");
	fflush(stdout);
	if (getpid() == 1) {
		reboot(RB_POWER_OFF);
		for (;;) {
			pause();
		}
	}
	return status;
}
