/* deliberate: on-purpose kernel faults, for the crash-report tests. */
#include "deliberate.h"

#include <stdint.h>

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

static const struct {
	const char *kind;
	void (*fault)(void);
} faults[] = {
    {"panic", panic_test_fault},
    {"write-text", write_text},
    {"write-rodata", write_rodata},
    {"exec-data", exec_data},
};

void
deliberate_fault(const char *kind)
{
	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (strcmp(kind, faults[i].kind) == 0) {
			kprintf("test: a deliberate kernel fault: %s\n", kind);
			faults[i].fault();
			kprintf("test: %s did not fault\n", kind);
			return;
		}
	}
	kprintf("test: unknown cairn.test=%s\n", kind);
}
