/*
 * backtrace: where a frame record may lie on aarch64, for the portable
 * walk (kernel/backtrace.c); and the odd machine hooks of the debug
 * code.
 */
#include "arch.h"
#include "backtrace.h"
#include "console.h"
#include "mmu.h"

extern char boot_stack[], boot_stack_top[];

/* A frame record must lie on the kernel stack: a report must not fault. */
int
arch_frame_ok(uint64_t fp)
{
	return fp % 16 == 0 && fp >= (uint64_t)boot_stack &&
	       fp + 16 <= (uint64_t)boot_stack_top;
}

void *
arch_alias(const void *image_addr)
{
	return phys_to_virt(virt_to_phys(image_addr));
}

void *
arch_user_alias(const void *image_addr)
{
	(void)image_addr;
	return NULL;
}

void
arch_self_nmi(void)
{
	panic("arch_self_nmi: aarch64 has no NMI");
}

void
arch_zero(void *p, uint64_t bytes)
{
	uint64_t *w = p;

	for (uint64_t i = 0; i < bytes / 8; i++) {
		w[i] = 0;
	}
}
