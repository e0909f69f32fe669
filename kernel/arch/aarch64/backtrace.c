/*
 * backtrace: the portable kernel's crash-report hooks on aarch64: walk
 * the frame records (the kernel keeps frame pointers) and name each
 * return address from the symbol table the second link embeds
 * (tools/gensyms.py); and the odd machine hooks of the debug code.
 */
#include "arch.h"
#include "console.h"
#include "ksym.h"
#include "mmu.h"

#define MAX_FRAMES 32

extern const struct ksym_table kernel_symbols;
extern char boot_stack[], boot_stack_top[];

void
arch_print_symbol(uint64_t addr)
{
	uint64_t off;
	const char *name = ksym_lookup(&kernel_symbols, addr, &off);

	if (name != NULL) {
		kprintf("%s+0x%lx", name, off);
	} else {
		kprintf("?");
	}
}

/* A frame record must lie on the kernel stack: a report must not fault. */
static int
frame_ok(uint64_t fp)
{
	return fp % 16 == 0 && fp >= (uint64_t)boot_stack &&
	       fp + 16 <= (uint64_t)boot_stack_top;
}

static void
print_frame(int i, uint64_t ret)
{
	/* Name the call instruction (bl), not the one after it. */
	kprintf("  #%-2d %016lx  ", i, ret);
	arch_print_symbol(ret - 4);
	kprintf("\n");
}

void
arch_backtrace(uint64_t fp, uint64_t pc, uint64_t sp)
{
	(void)sp;
	kprintf("backtrace:\n");
	kprintf("  #0  %016lx  ", pc);
	arch_print_symbol(pc);
	kprintf("\n");
	for (int i = 1; i < MAX_FRAMES && frame_ok(fp); i++) {
		const uint64_t *rec = (const uint64_t *)fp;
		if (rec[1] == 0) {
			break;
		}
		print_frame(i, rec[1]);
		if (rec[0] <= fp) {
			break; /* the chain must climb the stack */
		}
		fp = rec[0];
	}
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
