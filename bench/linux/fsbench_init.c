/*
 * fsbench's hooks for Linux, where it is the /init of
 * ../shared/bench-linux/run.sh: tools/bench-linux-storage.sh builds it with
 * gcc -static beside programs/fsbench/main.c.  (It lives here, not in
 * programs/fsbench, because it is Linux code: Cairn's build and analysis
 * take every C file under programs/.)  As process 1 it
 * mounts /proc and devtmpfs, loads the kernel modules run.sh put in
 * /modules (virtio; Debian's cloud kernel has ext4, which also mounts
 * ext2, built in), mounts the virtio-blk disk /dev/vda at /mnt as ext2,
 * and at the end unmounts it and powers off.  Figures are printed as run.sh
 * reads them: RESULT fs_<name> <ticks per unit> <unit> tsc=<ticks>.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fsbench.h"

#define DISK "/dev/vda"
#define ROOT "/mnt"

static const char *unit = "ticks";

/* Something the run needs failed: say so where run.sh looks, and stop. */
static const char *
setup_failed(const char *what)
{
	printf("LBENCH_ERROR %s: %s\n", what, strerror(errno));
	return NULL;
}

/* Only the kernel modules (*.ko), in the order of their names. */
static int
is_module(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 3 && strcmp(d->d_name + n - 3, ".ko") == 0;
}

/* Load /modules/NN-name.ko in order; one already there is fine. */
static int
load_modules(void)
{
	struct dirent **list;
	char path[300];
	int n = scandir("/modules", &list, is_module, alphasort);

	for (int i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "/modules/%s", list[i]->d_name);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) != 0 &&
			       errno != EEXIST)) {
			printf("LBENCH_ERROR module %s: %s\n", path,
			       strerror(errno));
			return -1;
		}
		close(fd);
		free(list[i]);
	}
	free(list);
	return 0;
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
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	if (fcntl(1, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("LBENCH_INIT_START\n");
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	if (load_modules() != 0) {
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

int
fsbench_done(int status)
{
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
