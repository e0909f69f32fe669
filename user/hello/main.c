/*
 * hello: the first program, run as the root task.  It greets, checks that
 * the kernel refuses bad calls with the right errors, and with the
 * argument "fault" or "syscall" ends itself by a page fault or an unknown
 * system call, so tests can see the kernel survive both.
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
check_refusals(const struct cairn_bootinfo *bi)
{
	word_t w[2] = {200, 0};
	struct cairn_regs r = {0, 0, 0, {0}};

	expect("invoking an empty slot",
	       cairn_invoke(bi->free_end - 1, CAIRN_DEBUG_PUTC, 1, w),
	       CAIRN_E_EMPTY_SLOT);
	expect("a cptr past the CNode's guard",
	       cairn_invoke(1ull << 40, CAIRN_DEBUG_PUTC, 1, w),
	       CAIRN_E_INVALID_CAP);
	expect("a method the debug capability lacks",
	       cairn_invoke(CAIRN_ROOT_DEBUG, 999, 0, w),
	       CAIRN_E_ILLEGAL_OPERATION);
	expect("a write longer than its words",
	       cairn_invoke(CAIRN_ROOT_DEBUG, CAIRN_DEBUG_WRITE, 2, w),
	       CAIRN_E_RANGE);
	expect("retyping into an unknown type",
	       cairn_untyped_retype(bi->untyped_first, 99, 0, CAIRN_ROOT_CNODE,
				    bi->free_first, 1, NULL),
	       CAIRN_E_INVALID_ARGUMENT);
	expect("copying into an occupied slot",
	       cairn_cnode_copy(CAIRN_ROOT_CNODE, CAIRN_ROOT_TCB,
				CAIRN_ROOT_CNODE, CAIRN_ROOT_DEBUG,
				CAIRN_RIGHTS_ALL, NULL),
	       CAIRN_E_SLOT_OCCUPIED);
	expect("an unknown negative system call", cairn_syscall(-1000, &r),
	       CAIRN_E_INVALID_SYSCALL);
}

int main(const struct cairn_bootinfo *bi);

int
main(const struct cairn_bootinfo *bi)
{
	printf("hello from user mode (args \"%s\")\n", bi->args);
	check_refusals(bi);
	printf("hello: %s\n", failures == 0 ? "every bad call was refused"
					    : "some bad call was NOT refused");
	if (has_word(bi->args, "fault")) {
		printf("hello: writing to an unmapped address\n");
		*(volatile int *)unmapped = 1;
	}
	if (has_word(bi->args, "syscall")) {
		struct cairn_regs r = {0, 0, 0, {0}};
		printf("hello: making system call 7\n");
		cairn_syscall(7, &r);
	}
	printf("hello: goodbye\n");
	return failures == 0 ? 0 : 1;
}
