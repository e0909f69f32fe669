/*
 * netbench's platform hooks.  main.c is the guest end of make bench's
 * network figures, written against POSIX sockets alone; each system
 * supplies these: Cairn in cairn.c (built by mk/programs.mk), Linux in
 * bench/linux/netbench_init.c (built with gcc -static as the /init of
 * ../shared/bench-linux/run.sh by tools/bench-linux-net.sh).
 */
#ifndef NETBENCH_H
#define NETBENCH_H

#include <stdint.h>

/* Get the system ready (on Linux: the NIC, an address, busybox httpd).
 * Returns 0, or -1 when the benchmark cannot run. */
int netbench_setup(int argc, char **argv);

/* The cycle counter: guest instructions under QEMU's -icount shift=0. */
uint64_t netbench_clock(void);

/*
 * One ICMP echo of 56 data bytes to addr (host order) with sequence
 * number seq, waiting up to a second for its reply.  Returns 0 with the
 * round trip in clock ticks in *ticks, or -1.
 */
int netbench_ping(uint32_t addr, uint16_t seq, uint64_t *ticks);

/* The run is over (status 0 if it went well): finish. */
int netbench_done(int status);

#endif
