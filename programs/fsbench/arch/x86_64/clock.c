/* fsbench's clock on x86_64: the TSC, which counts instructions under
 * QEMU's -icount shift=0. */
#include "../../fsbench.h"
#include "procrt.h"

uint64_t
fsbench_clock(void)
{
	return cairn_rdtsc();
}
