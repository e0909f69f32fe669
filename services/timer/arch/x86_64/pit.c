/*
 * pit: the timer service's interrupts on x86_64, from the PIT, one-shot
 * (mode 0) for the nearest deadline, at most 55 ms ahead (then again).
 */
#include <cairn/manifest.h>

#include "../../clock.h"
#include "procrt.h"

CAIRN_MANIFEST("name timer\n"
	       "description monotonic time, sleeps and timeouts (PIT)\n"
	       "quota 256K\n"
	       "restart always 100 10\n"
	       "ioport 0x40 4\n"
	       "irq 0\n"
	       "replies 16\n"
	       "receive\n"
	       "provides timer\n");

#define PIT_HZ 1193182ull

static cptr_t port;
static uint64_t hz;

void
clock_arm(uint64_t ticks)
{
	/* Rounded up: an interrupt before the deadline only costs a rearm. */
	uint64_t count =
	    ticks > hz / 16 ? 0xFFFF : (ticks * PIT_HZ + hz - 1) / hz;

	count = count < 1 ? 1 : count > 0xFFFF ? 0xFFFF : count;
	cairn_ioport_out(port, 0x43, 1, 0x30); /* channel 0, mode 0 */
	cairn_ioport_out(port, 0x40, 1, count & 0xFF);
	cairn_ioport_out(port, 0x40, 1, count >> 8);
}

/* Mode 0 counts once: nothing more comes unless armed again. */
void
clock_stop(void)
{
}

int
clock_init(uint64_t tsc_hz)
{
	const struct cairn_grant *gp =
	    cairn_grant_find(CAIRN_GRANT_IOPORT, NULL);

	if (gp == NULL) {
		return -1;
	}
	port = gp->slot;
	hz = tsc_hz;
	/*
	 * The firmware leaves the PIT ticking 18.2 times a second: make it
	 * one-shot and still, so that it interrupts only for a deadline
	 * (and this service waits for calls, not ticks, when idle).
	 */
	clock_arm(~0ull); /* once, at the longest; then still */
	return 0;
}
