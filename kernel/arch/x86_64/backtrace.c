/*
 * backtrace: walk the frame-pointer chain (the kernel is built with
 * frame pointers) and name each return address from the symbol table
 * that the second link embeds (tools/gensyms.py).
 */
#include "arch.h"
#include "console.h"
#include "ksym.h"

#define MAX_FRAMES 32

extern const struct ksym_table kernel_symbols;
extern char _data[], _end[];

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

/*
 * Every kernel stack is in the image's data; a frame must be too, and
 * mapped (not a guard page): a report must not fault.
 */
static int
frame_ok(uint64_t rbp)
{
	return rbp % 8 == 0 && rbp >= (uint64_t)_data &&
	       rbp + 16 <= (uint64_t)_end && arch_kernel_readable(rbp) &&
	       arch_kernel_readable(rbp + 8);
}

static void
print_frame(int i, uint64_t ret)
{
	/* Name the call instruction, not the one after it. */
	kprintf("  #%-2d %016lx  ", i, ret);
	arch_print_symbol(ret - 1);
	kprintf("\n");
}

void
arch_backtrace(uint64_t rbp, uint64_t rip, uint64_t rsp)
{
	uint64_t off;
	int i = 1;

	kprintf("backtrace:\n");
	kprintf("  #0  %016lx  ", rip);
	arch_print_symbol(rip);
	kprintf("\n");
	/*
	 * A jump or call to a bad address faults before the callee could
	 * push a frame; the return address, if any, is still on top of the
	 * stack.
	 */
	if (rsp != 0 && ksym_lookup(&kernel_symbols, rip, &off) == NULL &&
	    frame_ok(rsp)) {
		uint64_t ret = *(const uint64_t *)rsp;
		if (ksym_lookup(&kernel_symbols, ret - 1, &off) != NULL) {
			print_frame(i++, ret);
		}
	}
	for (; i < MAX_FRAMES && frame_ok(rbp); i++) {
		const uint64_t *frame = (const uint64_t *)rbp;
		uint64_t ret = frame[1];
		if (ret == 0) {
			break;
		}
		print_frame(i, ret);
		if (frame[0] <= rbp) {
			break; /* the chain must climb the stack */
		}
		rbp = frame[0];
	}
}
