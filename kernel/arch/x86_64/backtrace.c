/*
 * backtrace: where a frame record may lie on x86_64, for the portable
 * walk (kernel/backtrace.c).
 */
#include "arch.h"
#include "backtrace.h"

extern char _data[], _end[];

/*
 * Every kernel stack is in the image's data; a frame must be too, and
 * mapped (not a guard page): a report must not fault.
 */
int
arch_frame_ok(uint64_t fp)
{
	return fp % 8 == 0 && fp >= (uint64_t)_data &&
	       fp + 16 <= (uint64_t)_end && arch_kernel_readable(fp) &&
	       arch_kernel_readable(fp + 8);
}
