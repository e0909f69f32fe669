/*
 * The start of the Linux benchmarks' /init (init_common.h).  Linux code,
 * built with gcc -static by tools/bench-linux-*.sh, beside the /init
 * program that uses it.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "init_common.h"

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

int
linux_init_start(void)
{
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
	return load_modules();
}
