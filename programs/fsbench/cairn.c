/*
 * fsbench's hooks for Cairn: the manifest, the fs service's cache drop,
 * and figures in make bench's form (the clock is the arch's, in
 * arch/<arch>/clock.c),
 *	bench fs_<name> <value> <value> <unit>/<KiB|op> 1
 * (one measurement: under -icount it is an exact count), or
 *	skip fs_<name> <reason>
 * `run fsbench instructions` names the unit, as make bench does.
 */
#include <cairn/manifest.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsbench.h"

CAIRN_MANIFEST("name fsbench\n"
	       "description storage figures through the fs service\n"
	       "quota 512K\n"
	       "receive\n"
	       "needs serial\n"
	       "needs fs\n");

#define ROOT "/disk"

static const char *unit = "ticks";

const char *
fsbench_setup(int argc, char **argv)
{
	struct stat st;

	if (argc > 1) {
		unit = argv[1];
	}
	if (stat(ROOT, &st) != 0) {
		printf("skip fs_all no disk at " ROOT "\n");
		return NULL;
	}
	return ROOT;
}

int
fsbench_dropcache(void)
{
	return cairn_fs_dropcache() == 0 ? 0 : -1;
}

int
fsbench_open_direct(const char *path, int flags)
{
	(void)path;
	(void)flags;
	return -1;
}

void
fsbench_report(const char *name, uint64_t ticks, uint64_t count,
	       const char *per)
{
	uint64_t tenths = (ticks * 10 + count / 2) / count;

	printf("bench fs_%s %lu.%lu %lu.%lu %s/%s 1\n", name, tenths / 10,
	       tenths % 10, tenths / 10, tenths % 10, unit, per);
}

void
fsbench_skip(const char *name, const char *why)
{
	printf("skip fs_%s %s\n", name, why);
}

int
fsbench_done(int status)
{
	printf("fsbench: %s\n", status == 0 ? "done" : "failed");
	return status;
}
