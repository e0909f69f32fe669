/*
 * backtrace: walk the frame-pointer chain and name each return address
 * from the symbol table that the kernel's second link embeds
 * (tools/gensyms.py); backtrace.h.
 */
#include "backtrace.h"

#include "arch.h"
#include "console.h"
#include "ksym.h"

#define MAX_FRAMES 32

extern const struct ksym_table kernel_symbols;

void
print_symbol(uint64_t addr)
{
	uint64_t off;
	const char *name = ksym_lookup(&kernel_symbols, addr, &off);

	if (name != NULL) {
		kprintf("%s+0x%lx", name, off);
	} else {
		kprintf("?");
	}
}

static void
print_frame(int i, uint64_t ret)
{
	/* Name the call instruction, not the one after it. */
	kprintf("  #%-2d %016lx  ", i, ret);
	print_symbol(ret - ARCH_RETURN_BACK);
	kprintf("\n");
}

void
backtrace(uint64_t fp, uint64_t ip, uint64_t sp)
{
	uint64_t off;
	int i = 1;

	kprintf("backtrace:\n");
	kprintf("  #0  %016lx  ", ip);
	print_symbol(ip);
	kprintf("\n");
	/*
	 * A jump or call to a bad address faults before the callee could
	 * make a frame; the return address, if the call pushed one, is
	 * still on top of the stack.
	 */
	if (ARCH_RETURN_ON_STACK && sp != 0 &&
	    ksym_lookup(&kernel_symbols, ip, &off) == NULL &&
	    arch_frame_ok(sp)) {
		uint64_t ret = *(const uint64_t *)sp;
		if (ksym_lookup(&kernel_symbols, ret - ARCH_RETURN_BACK,
				&off) != NULL) {
			print_frame(i++, ret);
		}
	}
	for (; i < MAX_FRAMES && arch_frame_ok(fp); i++) {
		const uint64_t *frame = (const uint64_t *)fp;
		uint64_t ret = frame[1];
		if (ret == 0) {
			break;
		}
		print_frame(i, ret);
		if (frame[0] <= fp) {
			break; /* the chain must climb the stack */
		}
		fp = frame[0];
	}
}
