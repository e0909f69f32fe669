/*
 * bench: the I/O-port figure of x86_64, included by main.c where it
 * runs (it shares main.c's samples).  Each arch has an ioport.h.
 */
#ifndef CAIRN_BENCH_IOPORT_H
#define CAIRN_BENCH_IOPORT_H

/*
 * An I/O port write by invocation (the design's choice over the TSS I/O
 * bitmap): port 0x80, the POST code port, which nothing listens to.
 */
static void
bench_ioport(void)
{
	cptr_t p = bench_slot();

	if (cairn_ioport_issue(CAIRN_ROOT_IOPORT_CONTROL, 0x80, 0x80,
			       CAIRN_ROOT_CNODE, p) != CAIRN_OK) {
		printf("bench: cannot issue port 0x80\n");
		return;
	}
	for (int i = 0; i < RUNS + WARMUP; i++) {
		uint64_t t0 = bench_start();
		cairn_ioport_out(p, 0x80, 1, (word_t)i);
		samples[i] = bench_stop() - t0;
	}
	bench_report("ioport_out_invocation", samples, RUNS + WARMUP);
}

#endif
