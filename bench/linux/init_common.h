/*
 * What the Linux benchmarks' /init programs share (fsbench_init.c,
 * netbench_init.c): the start of process 1 under
 * ../shared/bench-linux/run.sh.
 */
#ifndef BENCH_LINUX_INIT_COMMON_H
#define BENCH_LINUX_INIT_COMMON_H

/*
 * Mount devtmpfs, make the console stdin, stdout (line-buffered) and
 * stderr, print LBENCH_INIT_START, mount /proc and /sys, and load the
 * kernel modules run.sh put in /modules/NN-name.ko, in order.  Returns
 * 0, or -1 after printing LBENCH_ERROR and why.
 */
int linux_init_start(void);

#endif
