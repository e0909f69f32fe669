/*
 * bench: the figures aarch64 does not have, each printed as skipped with
 * its reason (tools/bench.sh puts them in the table).
 */
#include "bench.h"

void
bench_stretch(void)
{
	bench_skip("revoke_4000_max_irqoff",
		   "not yet: its heavy work shares x86_64's irq.c with the "
		   "PIT's latency runs");
	bench_skip("reset_32m_max_irqoff",
		   "not yet: as revoke_4000_max_irqoff");
}

void
bench_irq(cptr_t vspace)
{
	(void)vspace;
	bench_skip("irq_latency", "not yet: x86_64's method programs the PIT; "
				  "virt has the generic timer and a PL031");
	bench_skip("irq_latency_load", "not yet: as irq_latency");
	bench_skip("irq_latency_worst", "not yet: as irq_latency");
}
