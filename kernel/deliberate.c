/* deliberate: on-purpose kernel faults, for the crash-report tests. */
#include "deliberate.h"

#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "cstring.h"

/* Volatile, so the compiler cannot see through the bad accesses. */
static volatile uintptr_t unmapped = 0xFFFFFE0000000000ul;
static const char rodata_byte[] = "read-only";
static uint8_t data_code[16] = {0xC3}; /* ret, in a no-execute page */

__attribute__((noinline)) static void
panic_test_fault(void)
{
	*(volatile uint64_t *)unmapped = 1;
}

__attribute__((noinline)) static void
write_text(void)
{
	volatile uintptr_t target = (uintptr_t)&write_text;

	*(volatile uint8_t *)target = 0xCC;
}

__attribute__((noinline)) static void
write_rodata(void)
{
	volatile uintptr_t target = (uintptr_t)rodata_byte;

	*(volatile char *)target = 'X';
}

__attribute__((noinline)) static void
exec_data(void)
{
	void (*volatile fn)(void) = (void (*)(void))(uintptr_t)data_code;

	fn();
}

/* Write to write_text's alias in the direct map: must fault too. */
__attribute__((noinline)) static void
write_text_alias(void)
{
	volatile uintptr_t target = (uintptr_t)arch_alias(&write_text_alias);

	*(volatile uint8_t *)target = 0xCC;
}

/* A function that only returns, run and read through a user alias. */
__attribute__((noinline)) static void
user_page_code(void)
{
	__asm__ volatile("");
}

/* Run code in a user page from ring 0: SMEP must stop it. */
__attribute__((noinline)) static void
exec_user(void)
{
	void (*volatile fn)(void) =
	    (void (*)(void))arch_user_alias(user_page_code);

	if (fn != NULL) {
		fn();
	}
}

/* Read a user page from ring 0, SMAP closed: SMAP must stop it. */
__attribute__((noinline)) static void
read_user(void)
{
	const volatile uint8_t *p = arch_user_alias(user_page_code);

	if (p != NULL) {
		(void)*p;
	}
}

static volatile int depth_limit = 1 << 30;

/* Recurse into the stack's guard page: a double fault, reported. */
__attribute__((noinline)) static int
stack_overflow(int n) /* NOLINT(misc-no-recursion): the point of it */
{
	volatile char frame[256];

	frame[0] = (char)n;
	if (n > depth_limit) {
		return 0;
	}
	return stack_overflow(n + 1) + frame[0];
}

static void
overflow(void)
{
	stack_overflow(0);
}

/* missed: what it means if the kind's fault does not happen. */
static const struct {
	const char *kind;
	void (*fault)(void);
	const char *missed;
} faults[] = {
    {"panic", panic_test_fault, NULL},
    {"write-text", write_text, NULL},
    {"write-rodata", write_rodata, NULL},
    {"exec-data", exec_data, NULL},
    {"write-text-alias", write_text_alias, NULL},
    {"stack-overflow", overflow, NULL},
    {"nmi", arch_self_nmi, NULL},
    {"smep", exec_user, "SMEP is not enforced"},
    {"smap", read_user, "SMAP is not enforced"},
};

void
deliberate_fault(const char *kind)
{
	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (strcmp(kind, faults[i].kind) == 0) {
			kprintf("test: a deliberate kernel fault: %s\n", kind);
			faults[i].fault();
			if (faults[i].missed != NULL) {
				kprintf("test: %s: %s\n", kind,
					faults[i].missed);
			}
			kprintf("test: %s: the kernel goes on\n", kind);
			return;
		}
	}
	kprintf("test: unknown cairn.test=%s\n", kind);
}
