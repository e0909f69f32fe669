/*
 * hello: the first user program.  It greets, checks that the kernel
 * refuses bad system calls with the right errors, and with the argument
 * "fault" or "syscall" ends itself by a page fault or an unknown system
 * call, so tests can see the kernel survive both.
 */
#include "cairn.h"
#include "cstring.h"

static int failures;
static volatile uintptr_t unmapped = 0x8;

static void
expect(const char *what, int64_t got, int64_t want)
{
	if (got != want) {
		printf("hello: %s returned %ld, expected %ld\n", what, got,
		       want);
		failures++;
	}
}

static int
has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = s; *p != '\0'; p++) {
		if ((p == s || p[-1] == ' ') && strncmp(p, w, n) == 0 &&
		    (p[n] == '\0' || p[n] == ' ')) {
			return 1;
		}
	}
	return 0;
}

static void
check_refusals(void)
{
	/* Kernel memory, an unmapped page, a non-canonical address. */
	expect("write from kernel memory",
	       cairn_debug_write((void *)0xFFFFFFFF80100000ull, 16),
	       CAIRN_E_BAD_ADDRESS);
	expect("write from an unmapped page",
	       cairn_debug_write((void *)0x10000000ull, 16),
	       CAIRN_E_BAD_ADDRESS);
	expect("write from a non-canonical address",
	       cairn_debug_write((void *)0x0000800000000000ull, 1),
	       CAIRN_E_BAD_ADDRESS);
	expect("write wrapping the address space",
	       cairn_debug_write((void *)0x400000, (size_t)-1), CAIRN_E_RANGE);
	expect("write of 4097 bytes",
	       cairn_debug_write((void *)0x400000, CAIRN_DEBUG_WRITE_MAX + 1),
	       CAIRN_E_RANGE);
	expect("unknown negative system call", cairn_syscall2(-1000, 0, 0),
	       CAIRN_E_INVALID_SYSCALL);
	expect("write of nothing", cairn_debug_write("", 0), CAIRN_OK);
}

int
main(const char *args)
{
	printf("hello from user mode (args \"%s\")\n", args);
	check_refusals();
	printf("hello: %s\n", failures == 0 ? "every bad call was refused"
					    : "some bad call was NOT refused");
	if (has_word(args, "fault")) {
		printf("hello: writing to an unmapped address\n");
		*(volatile int *)unmapped = 1;
	}
	if (has_word(args, "syscall")) {
		printf("hello: making system call 7\n");
		cairn_syscall2(7, 0, 0);
	}
	printf("hello: goodbye\n");
	return failures == 0 ? 0 : 1;
}
