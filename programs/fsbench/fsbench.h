/*
 * fsbench's platform hooks.  main.c is the workload, written against
 * POSIX alone; each system supplies these: Cairn in cairn.c (built by
 * mk/programs.mk), Linux in bench/linux/fsbench_init.c (built with gcc
 * -static as the /init of ../shared/bench-linux/run.sh by
 * tools/bench-linux-storage.sh).
 */
#ifndef FSBENCH_H
#define FSBENCH_H

#include <stdint.h>

/*
 * Get the system ready (on Linux: mount the disk) and take the unit of
 * the clock from argv[1] or the environment.  Returns the folder on the
 * disk the benchmark works in, or a null pointer when it cannot run.
 */
const char *fsbench_setup(int argc, char **argv);

/* The cycle counter: guest instructions under QEMU's -icount shift=0. */
uint64_t fsbench_clock(void);

/*
 * Write back every dirty block and forget the cache, so that the next
 * read comes from the device.  Returns 0, or -1 when it cannot.
 */
int fsbench_dropcache(void);

/*
 * Open path with flags past the page cache (Linux's O_DIRECT), for the
 * dd-like figures with and without the cache.  Returns a descriptor, or
 * -1 when the system has no such mode.
 */
int fsbench_open_direct(const char *path, int flags);

/*
 * Print one figure: ticks spent on count units of work (per is "KiB" or
 * "op"), in the form the system's benchmark scripts read.
 */
void fsbench_report(const char *name, uint64_t ticks, uint64_t count,
		    const char *per);

/* Print that figure name could not be made, and why. */
void fsbench_skip(const char *name, const char *why);

/* The run is over (status 0 if every figure was made): finish. */
int fsbench_done(int status);

#endif
