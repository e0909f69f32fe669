/* netbench's clock on x86_64: the TSC, which counts instructions under
 * QEMU's -icount shift=0. */
#include "../../netbench.h"
#include "procrt.h"

uint64_t
netbench_clock(void)
{
	return cairn_rdtsc();
}
