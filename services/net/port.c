/*
 * What lwIP asks of its platform with NO_SYS (docs/net.md, "lwIP"): the
 * time in milliseconds, random numbers, and a failed assertion's end.
 */
#include <stdio.h>

#include "lwip/sys.h"
#include "net.h"

uint64_t
net_now_us(void)
{
	uint64_t hz =
	    cairn_procinfo->tsc_hz ? cairn_procinfo->tsc_hz : 1000000000;
	uint64_t t = cairn_rdtsc();

	return t / hz * 1000000u + t % hz * 1000000u / hz;
}

u32_t
sys_now(void)
{
	return (u32_t)(net_now_us() / 1000u);
}

/* xorshift64, seeded from the counter at the first call: DHCP's
 * transaction ids, TCP's initial sequence numbers and ports. */
uint32_t
net_random(void)
{
	static uint64_t state;

	if (state == 0) {
		state = cairn_rdtsc() | 1;
	}
	return (uint32_t)(cairn_xorshift(&state) >> 16);
}

_Noreturn void
net_assert_failed(const char *what, const char *file, int line)
{
	printf("net: lwIP assertion failed: %s (%s:%d)\n", what, file, line);
	cairn_proc_exit(3);
}
