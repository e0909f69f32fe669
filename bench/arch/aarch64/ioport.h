/*
 * bench: the I/O-port figure, which aarch64 does not have: included by
 * main.c where x86_64's runs.  Each arch has an ioport.h.
 */
#ifndef CAIRN_BENCH_IOPORT_H
#define CAIRN_BENCH_IOPORT_H

static void
bench_ioport(void)
{
	bench_skip("ioport_out_invocation",
		   "x86_64 only: aarch64 has no I/O ports");
}

#endif
